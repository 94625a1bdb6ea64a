; ModuleID = 'jlremote'
source_filename = "jlremote"
target triple = "thumbv7m-unknown-none-eabi"

define double @"julia_sum_Vector{Float64}"(ptr noundef nonnull align 4 dereferenceable(12) %0) !dbg !4 {
entry:
  %payload = alloca [8 x i8], align 1
  %iter = alloca i32, align 4
  %i = alloca i32, align 4
  store i32 0, ptr %i, align 4
  %s = alloca double, align 8
  store double 0.000000e+00, ptr %s, align 8
  %v = alloca ptr, align 8
  store ptr null, ptr %v, align 8
  store ptr %0, ptr %v, align 8
  store double 0.000000e+00, ptr %s, align 8, !dbg !7
  %v1 = load ptr, ptr %v, align 8, !dbg !8
  %1 = getelementptr inbounds { ptr, i32, i32 }, ptr %v1, i32 0, i32 1, !dbg !9
  %2 = load i32, ptr %1, align 4, !dbg !9, !tbaa !10
  %3 = icmp sle i32 1, %2, !dbg !9
  store i32 1, ptr %iter, align 4, !dbg !9
  br i1 %3, label %for.body, label %for.end, !dbg !9

for.body:                                         ; preds = %for.inc, %entry
  %4 = load i32, ptr %iter, align 4, !dbg !9
  store i32 %4, ptr %i, align 4, !dbg !9
  %v2 = load ptr, ptr %v, align 8, !dbg !13
  %i3 = load i32, ptr %i, align 4, !dbg !14
  %5 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 1, !dbg !13
  %6 = load i32, ptr %5, align 4, !dbg !13, !tbaa !10
  %7 = sub i32 %i3, 1, !dbg !13
  %8 = icmp uge i32 %7, %6, !dbg !13
  %9 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 1, !dbg !13
  %10 = load i32, ptr %9, align 4, !dbg !13, !tbaa !10
  br i1 %8, label %throw, label %cont, !dbg !13

for.latch:                                        ; preds = %cont
  %11 = load i32, ptr %iter, align 4, !dbg !9
  %12 = icmp eq i32 %11, %2, !dbg !9
  br i1 %12, label %for.end, label %for.inc, !dbg !9

for.end:                                          ; preds = %for.latch, %entry
  %s5 = load double, ptr %s, align 8, !dbg !15
  ret double %s5, !dbg !16

throw:                                            ; preds = %for.body
  %13 = getelementptr i8, ptr %payload, i32 0, !dbg !13
  store i32 %10, ptr %13, align 1, !dbg !13
  %14 = getelementptr i8, ptr %payload, i32 4, !dbg !13
  store i32 %i3, ptr %14, align 1, !dbg !13
  call void @jlremote_throw(i32 2, i32 1, ptr %payload, i32 8), !dbg !13
  unreachable, !dbg !13

cont:                                             ; preds = %for.body
  %15 = sub i32 %i3, 1, !dbg !13
  %16 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 0, !dbg !13
  %17 = load ptr, ptr %16, align 8, !dbg !13, !tbaa !10, !nonnull !6
  %18 = getelementptr double, ptr %17, i32 %15, !dbg !13
  %19 = load double, ptr %18, align 8, !dbg !13, !tbaa !17
  %s4 = load double, ptr %s, align 8, !dbg !19
  %20 = fadd double %s4, %19, !dbg !19
  store double %20, ptr %s, align 8, !dbg !19
  br label %for.latch, !dbg !9

for.inc:                                          ; preds = %for.latch
  %21 = add i32 %11, 1, !dbg !9
  store i32 %21, ptr %iter, align 4, !dbg !9
  br label %for.body, !dbg !9
}

define i32 @julia_grow() !dbg !20 {
entry:
  %v = alloca ptr, align 8
  store ptr null, ptr %v, align 8
  br label %cont, !dbg !21

cont:                                             ; preds = %entry
  %0 = call { i32, i1 } @llvm.umul.with.overflow.i32(i32 0, i32 ptrtoint (ptr getelementptr (i32, ptr null, i32 1) to i32)), !dbg !21
  %1 = extractvalue { i32, i1 } %0, 1, !dbg !21
  %2 = extractvalue { i32, i1 } %0, 0, !dbg !21
  %3 = select i1 %1, i32 -1, i32 %2, !dbg !21
  %obj = call ptr @jlremote_alloc(i32 %3), !dbg !21
  br label %fill.end, !dbg !21

fill.end:                                         ; preds = %cont
  %obj1 = call dereferenceable(12) ptr @jlremote_alloc(i32 ptrtoint (ptr getelementptr ({ ptr, i32, i32 }, ptr null, i32 1) to i32)), !dbg !21
  %4 = getelementptr inbounds { ptr, i32, i32 }, ptr %obj1, i32 0, i32 0, !dbg !21
  store ptr %obj, ptr %4, align 8, !dbg !21, !tbaa !10
  %5 = getelementptr inbounds { ptr, i32, i32 }, ptr %obj1, i32 0, i32 1, !dbg !21
  store i32 0, ptr %5, align 4, !dbg !21, !tbaa !10
  %6 = getelementptr inbounds { ptr, i32, i32 }, ptr %obj1, i32 0, i32 2, !dbg !21
  store i32 0, ptr %6, align 4, !dbg !21, !tbaa !10
  store ptr %obj1, ptr %v, align 8, !dbg !22
  %v2 = load ptr, ptr %v, align 8, !dbg !23
  %7 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 1, !dbg !24
  %8 = load i32, ptr %7, align 4, !dbg !24, !tbaa !10
  %9 = add i32 %8, 1, !dbg !24
  %10 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 2, !dbg !24
  %11 = load i32, ptr %10, align 4, !dbg !24, !tbaa !10
  %12 = icmp sgt i32 %9, %11, !dbg !24
  br i1 %12, label %grow, label %grown, !dbg !24, !prof !25

grow:                                             ; preds = %fill.end
  %13 = shl i32 %11, 1, !dbg !24
  %14 = call i32 @llvm.smax.i32(i32 %13, i32 4), !dbg !24
  %15 = call i32 @llvm.smax.i32(i32 %9, i32 %14), !dbg !24
  %16 = call { i32, i1 } @llvm.umul.with.overflow.i32(i32 %15, i32 ptrtoint (ptr getelementptr (i32, ptr null, i32 1) to i32)), !dbg !24
  %17 = extractvalue { i32, i1 } %16, 1, !dbg !24
  %18 = extractvalue { i32, i1 } %16, 0, !dbg !24
  %19 = select i1 %17, i32 -1, i32 %18, !dbg !24
  %obj3 = call ptr @jlremote_alloc(i32 %19), !dbg !24
  %20 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 0, !dbg !24
  %21 = load ptr, ptr %20, align 8, !dbg !24, !tbaa !10, !nonnull !6
  %22 = call { i32, i1 } @llvm.umul.with.overflow.i32(i32 %8, i32 ptrtoint (ptr getelementptr (i32, ptr null, i32 1) to i32)), !dbg !24
  %23 = extractvalue { i32, i1 } %22, 1, !dbg !24
  %24 = extractvalue { i32, i1 } %22, 0, !dbg !24
  %25 = select i1 %23, i32 -1, i32 %24, !dbg !24
  call void @llvm.memcpy.p0.p0.i32(ptr align 1 %obj3, ptr align 1 %21, i32 %25, i1 false), !dbg !24
  %26 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 0, !dbg !24
  store ptr %obj3, ptr %26, align 8, !dbg !24, !tbaa !10
  %27 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 2, !dbg !24
  store i32 %15, ptr %27, align 4, !dbg !24, !tbaa !10
  br label %grown, !dbg !24

grown:                                            ; preds = %grow, %fill.end
  %28 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 0, !dbg !24
  %29 = load ptr, ptr %28, align 8, !dbg !24, !tbaa !10, !nonnull !6
  %30 = getelementptr i32, ptr %29, i32 %8, !dbg !24
  store i32 1, ptr %30, align 4, !dbg !24, !tbaa !17
  %31 = getelementptr inbounds { ptr, i32, i32 }, ptr %v2, i32 0, i32 1, !dbg !24
  store i32 %9, ptr %31, align 4, !dbg !24, !tbaa !10
  %v4 = load ptr, ptr %v, align 8, !dbg !26
  %32 = getelementptr inbounds { ptr, i32, i32 }, ptr %v4, i32 0, i32 1, !dbg !27
  %33 = load i32, ptr %32, align 4, !dbg !27, !tbaa !10
  %34 = icmp eq i32 %33, 0, !dbg !27
  br i1 %34, label %throw5, label %cont6, !dbg !27

throw5:                                           ; preds = %grown
  call void @jlremote_throw(i32 7, i32 3, ptr null, i32 0), !dbg !27
  unreachable, !dbg !27

cont6:                                            ; preds = %grown
  %35 = sub i32 %33, 1, !dbg !27
  %36 = getelementptr inbounds { ptr, i32, i32 }, ptr %v4, i32 0, i32 0, !dbg !27
  %37 = load ptr, ptr %36, align 8, !dbg !27, !tbaa !10, !nonnull !6
  %38 = getelementptr i32, ptr %37, i32 %35, !dbg !27
  %39 = load i32, ptr %38, align 4, !dbg !27, !tbaa !17
  %40 = getelementptr inbounds { ptr, i32, i32 }, ptr %v4, i32 0, i32 1, !dbg !27
  store i32 %35, ptr %40, align 4, !dbg !27, !tbaa !10
  ret i32 %39, !dbg !28
}

define ptr @"julia_scale_Matrix{Float64}_Float64"(ptr noundef nonnull align 4 dereferenceable(12) %0, double %1) !dbg !29 {
entry:
  %payload17 = alloca [16 x i8], align 1
  %payload = alloca [16 x i8], align 1
  %iter5 = alloca i32, align 4
  %iter = alloca i32, align 4
  %A = alloca ptr, align 8
  store ptr null, ptr %A, align 8
  %i = alloca i32, align 4
  store i32 0, ptr %i, align 4
  %j = alloca i32, align 4
  store i32 0, ptr %j, align 4
  %k = alloca double, align 8
  store double 0.000000e+00, ptr %k, align 8
  store ptr %0, ptr %A, align 8
  store double %1, ptr %k, align 8
  %A1 = load ptr, ptr %A, align 8, !dbg !30
  br label %cont, !dbg !31

cont:                                             ; preds = %entry
  %2 = getelementptr inbounds { ptr, i32, i32 }, ptr %A1, i32 0, i32 2, !dbg !31
  %3 = load i32, ptr %2, align 4, !dbg !31, !tbaa !10
  %4 = select i1 true, i32 %3, i32 1, !dbg !31
  %5 = getelementptr inbounds { ptr, i32, i32 }, ptr %A1, i32 0, i32 1, !dbg !31
  %6 = load i32, ptr %5, align 4, !dbg !31, !tbaa !10
  %7 = select i1 false, i32 %6, i32 %4, !dbg !31
  %8 = icmp sle i32 1, %7, !dbg !32
  store i32 1, ptr %iter, align 4, !dbg !32
  br i1 %8, label %for.body, label %for.end, !dbg !32

for.body:                                         ; preds = %for.inc18, %cont
  %9 = load i32, ptr %iter, align 4, !dbg !32
  store i32 %9, ptr %j, align 4, !dbg !32
  %A2 = load ptr, ptr %A, align 8, !dbg !33
  br label %cont4, !dbg !34

for.latch:                                        ; preds = %for.end8
  %10 = load i32, ptr %iter, align 4, !dbg !32
  %11 = icmp eq i32 %10, %7, !dbg !32
  br i1 %11, label %for.end, label %for.inc18, !dbg !32

for.end:                                          ; preds = %for.latch, %cont
  %A19 = load ptr, ptr %A, align 8, !dbg !35
  ret ptr %A19, !dbg !36

cont4:                                            ; preds = %for.body
  %12 = getelementptr inbounds { ptr, i32, i32 }, ptr %A2, i32 0, i32 2, !dbg !34
  %13 = load i32, ptr %12, align 4, !dbg !34, !tbaa !10
  %14 = select i1 false, i32 %13, i32 1, !dbg !34
  %15 = getelementptr inbounds { ptr, i32, i32 }, ptr %A2, i32 0, i32 1, !dbg !34
  %16 = load i32, ptr %15, align 4, !dbg !34, !tbaa !10
  %17 = select i1 true, i32 %16, i32 %14, !dbg !34
  %18 = icmp sle i32 1, %17, !dbg !32
  store i32 1, ptr %iter5, align 4, !dbg !32
  br i1 %18, label %for.body6, label %for.end8, !dbg !32

for.body6:                                        ; preds = %for.inc, %cont4
  %19 = load i32, ptr %iter5, align 4, !dbg !32
  store i32 %19, ptr %i, align 4, !dbg !32
  %A9 = load ptr, ptr %A, align 8, !dbg !37
  %i10 = load i32, ptr %i, align 4, !dbg !38
  %j11 = load i32, ptr %j, align 4, !dbg !39
  %k12 = load double, ptr %k, align 8, !dbg !40
  %20 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 1, !dbg !37
  %21 = load i32, ptr %20, align 4, !dbg !37, !tbaa !10
  %22 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 2, !dbg !37
  %23 = load i32, ptr %22, align 4, !dbg !37, !tbaa !10
  %24 = sub i32 %i10, 1, !dbg !37
  %25 = icmp uge i32 %24, %21, !dbg !37
  %26 = sub i32 %j11, 1, !dbg !37
  %27 = icmp uge i32 %26, %23, !dbg !37
  %28 = or i1 %25, %27, !dbg !37
  %29 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 1, !dbg !37
  %30 = load i32, ptr %29, align 4, !dbg !37, !tbaa !10
  %31 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 2, !dbg !37
  %32 = load i32, ptr %31, align 4, !dbg !37, !tbaa !10
  br i1 %28, label %throw13, label %cont14, !dbg !37

for.latch7:                                       ; preds = %cont16
  %33 = load i32, ptr %iter5, align 4, !dbg !32
  %34 = icmp eq i32 %33, %17, !dbg !32
  br i1 %34, label %for.end8, label %for.inc, !dbg !32

for.end8:                                         ; preds = %for.latch7, %cont4
  br label %for.latch, !dbg !32

throw13:                                          ; preds = %for.body6
  %35 = getelementptr i8, ptr %payload, i32 0, !dbg !37
  store i32 %30, ptr %35, align 1, !dbg !37
  %36 = getelementptr i8, ptr %payload, i32 4, !dbg !37
  store i32 %32, ptr %36, align 1, !dbg !37
  %37 = getelementptr i8, ptr %payload, i32 8, !dbg !37
  store i32 %i10, ptr %37, align 1, !dbg !37
  %38 = getelementptr i8, ptr %payload, i32 12, !dbg !37
  store i32 %j11, ptr %38, align 1, !dbg !37
  call void @jlremote_throw(i32 2, i32 6, ptr %payload, i32 16), !dbg !37
  unreachable, !dbg !37

cont14:                                           ; preds = %for.body6
  %39 = sub i32 %i10, 1, !dbg !37
  %40 = sub i32 %j11, 1, !dbg !37
  %41 = mul i32 %40, %21, !dbg !37
  %42 = add i32 %39, %41, !dbg !37
  %43 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 0, !dbg !37
  %44 = load ptr, ptr %43, align 8, !dbg !37, !tbaa !10, !nonnull !6
  %45 = getelementptr double, ptr %44, i32 %42, !dbg !37
  %46 = load double, ptr %45, align 8, !dbg !37, !tbaa !17
  %47 = fmul double %46, %k12, !dbg !37
  %48 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 1, !dbg !37
  %49 = load i32, ptr %48, align 4, !dbg !37, !tbaa !10
  %50 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 2, !dbg !37
  %51 = load i32, ptr %50, align 4, !dbg !37, !tbaa !10
  %52 = sub i32 %i10, 1, !dbg !37
  %53 = icmp uge i32 %52, %49, !dbg !37
  %54 = sub i32 %j11, 1, !dbg !37
  %55 = icmp uge i32 %54, %51, !dbg !37
  %56 = or i1 %53, %55, !dbg !37
  %57 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 1, !dbg !37
  %58 = load i32, ptr %57, align 4, !dbg !37, !tbaa !10
  %59 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 2, !dbg !37
  %60 = load i32, ptr %59, align 4, !dbg !37, !tbaa !10
  br i1 %56, label %throw15, label %cont16, !dbg !37

throw15:                                          ; preds = %cont14
  %61 = getelementptr i8, ptr %payload17, i32 0, !dbg !37
  store i32 %58, ptr %61, align 1, !dbg !37
  %62 = getelementptr i8, ptr %payload17, i32 4, !dbg !37
  store i32 %60, ptr %62, align 1, !dbg !37
  %63 = getelementptr i8, ptr %payload17, i32 8, !dbg !37
  store i32 %i10, ptr %63, align 1, !dbg !37
  %64 = getelementptr i8, ptr %payload17, i32 12, !dbg !37
  store i32 %j11, ptr %64, align 1, !dbg !37
  call void @jlremote_throw(i32 2, i32 7, ptr %payload17, i32 16), !dbg !37
  unreachable, !dbg !37

cont16:                                           ; preds = %cont14
  %65 = sub i32 %i10, 1, !dbg !37
  %66 = sub i32 %j11, 1, !dbg !37
  %67 = mul i32 %66, %49, !dbg !37
  %68 = add i32 %65, %67, !dbg !37
  %69 = getelementptr inbounds { ptr, i32, i32 }, ptr %A9, i32 0, i32 0, !dbg !37
  %70 = load ptr, ptr %69, align 8, !dbg !37, !tbaa !10, !nonnull !6
  %71 = getelementptr double, ptr %70, i32 %68, !dbg !37
  store double %47, ptr %71, align 8, !dbg !37, !tbaa !17
  br label %for.latch7, !dbg !32

for.inc:                                          ; preds = %for.latch7
  %72 = add i32 %33, 1, !dbg !32
  store i32 %72, ptr %iter5, align 4, !dbg !32
  br label %for.body6, !dbg !32

for.inc18:                                        ; preds = %for.latch
  %73 = add i32 %10, 1, !dbg !32
  store i32 %73, ptr %iter, align 4, !dbg !32
  br label %for.body, !dbg !32
}

; Function Attrs: cold noreturn
declare void @jlremote_throw(i32, i32, ptr, i32) #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare { i32, i1 } @llvm.umul.with.overflow.i32(i32, i32) #1

; Function Attrs: nounwind
declare noalias nonnull ptr @jlremote_alloc(i32) #2

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.smax.i32(i32, i32) #1

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i32(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i32, i1 immarg) #3

attributes #0 = { cold noreturn }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }
attributes #3 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!llvm.module.flags = !{!0, !1}
!llvm.dbg.cu = !{!2}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = !{i32 2, !"Dwarf Version", i32 4}
!2 = distinct !DICompileUnit(language: DW_LANG_Julia, file: !3, producer: "jlremote", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
!3 = !DIFile(filename: "test.jl", directory: ".")
!4 = distinct !DISubprogram(name: "sum", linkageName: "julia_sum_Vector{Float64}", scope: !3, file: !3, line: 6, type: !5, scopeLine: 6, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 7, column: 5, scope: !4)
!8 = !DILocation(line: 8, column: 24, scope: !4)
!9 = !DILocation(line: 8, column: 5, scope: !4)
!10 = !{!11, !11, i64 0}
!11 = !{!"array header", !12, i64 0}
!12 = !{!"jlremote arrays"}
!13 = !DILocation(line: 9, column: 14, scope: !4)
!14 = !DILocation(line: 9, column: 16, scope: !4)
!15 = !DILocation(line: 11, column: 12, scope: !4)
!16 = !DILocation(line: 11, column: 5, scope: !4)
!17 = !{!18, !18, i64 0}
!18 = !{!"array data", !12, i64 0}
!19 = !DILocation(line: 9, column: 9, scope: !4)
!20 = distinct !DISubprogram(name: "grow", linkageName: "julia_grow", scope: !3, file: !3, line: 14, type: !5, scopeLine: 14, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!21 = !DILocation(line: 15, column: 9, scope: !20)
!22 = !DILocation(line: 15, column: 5, scope: !20)
!23 = !DILocation(line: 16, column: 11, scope: !20)
!24 = !DILocation(line: 16, column: 5, scope: !20)
!25 = !{!"branch_weights", i32 1, i32 1048575}
!26 = !DILocation(line: 17, column: 17, scope: !20)
!27 = !DILocation(line: 17, column: 12, scope: !20)
!28 = !DILocation(line: 17, column: 5, scope: !20)
!29 = distinct !DISubprogram(name: "scale", linkageName: "julia_scale_Matrix{Float64}_Float64", scope: !3, file: !3, line: 20, type: !5, scopeLine: 20, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!30 = !DILocation(line: 21, column: 21, scope: !29)
!31 = !DILocation(line: 21, column: 16, scope: !29)
!32 = !DILocation(line: 21, column: 5, scope: !29)
!33 = !DILocation(line: 21, column: 40, scope: !29)
!34 = !DILocation(line: 21, column: 35, scope: !29)
!35 = !DILocation(line: 24, column: 12, scope: !29)
!36 = !DILocation(line: 24, column: 5, scope: !29)
!37 = !DILocation(line: 22, column: 9, scope: !29)
!38 = !DILocation(line: 22, column: 11, scope: !29)
!39 = !DILocation(line: 22, column: 14, scope: !29)
!40 = !DILocation(line: 22, column: 20, scope: !29)
